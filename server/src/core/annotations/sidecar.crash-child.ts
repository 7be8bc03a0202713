// Test helper for sidecar.test.ts: writes a large sidecar and stops halfway
// through, announcing it on stdout, so the test can kill the process mid-write.
import { AnnotationSet } from './model';
import { toSidecar, writeSidecar } from './sidecar';

const [path] = process.argv.slice(2);
const words = Array.from({ length: 20000 }, (_, i) => `नाम${i}`);
const text = words.join(' ');
const set = new AnnotationSet(text);
let at = 0;
for (const w of words) {
  set.add(at, at + w.length, 'PERSON');
  at += w.length + 1;
}
void writeSidecar(path!, toSidecar(set, 'article.txt'), {
  onChunkWritten: (n) => {
    if (n < 64 * 1024) return;
    process.stdout.write('MIDWRITE\n');
    return new Promise<void>(() => setInterval(() => undefined, 1000));
  },
});
