// Side by side, alternating: two builds of bench/pass.ts (or any script printing
// "... in W ms, cpu C ms") on the same arguments, N runs each; medians of wall and CPU time.
//   node bench/ab.mjs OLD.js NEW.js N [pass.js options…]
import { spawnSync } from 'node:child_process';
const [oldJs, newJs, n, ...rest] = process.argv.slice(2);
const runs = { old: { wall: [], cpu: [] }, new: { wall: [], cpu: [] } };
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
for (let i = 0; i < Number(n); i++) {
  for (const [k, js] of i % 2 ? [['new', newJs], ['old', oldJs]] : [['old', oldJs], ['new', newJs]]) {
    const out = spawnSync(process.execPath, [js, ...rest], { encoding: 'utf8' }).stdout;
    const m = / in (\d+) ms, cpu (\d+) ms/.exec(out);
    if (!m) throw new Error(`${js}: ${out}`);
    runs[k].wall.push(Number(m[1]));
    runs[k].cpu.push(Number(m[2]));
  }
}
for (const k of ['old', 'new']) console.log(`${k}: wall ${median(runs[k].wall)} ms [${runs[k].wall.join(' ')}], cpu ${median(runs[k].cpu)} ms [${runs[k].cpu.join(' ')}]`);
console.log(`new/old cpu ${(median(runs.new.cpu) / median(runs.old.cpu)).toFixed(3)}, wall ${(median(runs.new.wall) / median(runs.old.wall)).toFixed(3)}`);
