// The floor of `hindi-news recognize -`: everything the command line must do
// besides recognising. Reads JSONL on stdin in chunks, splits lines, parses
// each record, makes one charCodeAt pass over its text (counting Devanagari
// letters, so the pass cannot be optimised away), and writes the record back
// with an empty `spans` and the `meta` the CLI adds, with back-pressure.
//
//   node bench/floor.mjs < in.jsonl > out.jsonl
let rest = '';
let devanagari = 0;
let pending = '';
const write = (s) => new Promise((resolve) => (process.stdout.write(s) ? resolve() : process.stdout.once('drain', resolve)));
function line(l) {
  if (!l) return '\n';
  const o = JSON.parse(l);
  const t = o.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x900 && c <= 0x97f) devanagari++;
  }
  o.spans = [];
  o.meta = { offsets: 'codepoint' };
  return JSON.stringify(o) + '\n';
}
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  const text = rest + chunk;
  let at = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
    pending += line(text.slice(at, nl));
    at = nl + 1;
  }
  rest = text.slice(at);
  await write(pending);
  pending = '';
}
if (rest) await write(line(rest));
process.stderr.write(`floor: ${devanagari} Devanagari code units\n`);
