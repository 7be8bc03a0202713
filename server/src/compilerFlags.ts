/**
 * V8 settings for the processes that run the recogniser (the command line, the language server
 * and their worker threads). Imported first by each entry point, for its side effect: the
 * settings apply to code optimised after they are set, that is all of the recogniser's.
 *
 * Why: a fresh process spends more CPU compiling the recogniser than running it (on the bench's
 * 5.2 MB of novel text, V8's optimising compiler took about a second of compile-thread time
 * against 0.5 s for the same pass once compiled). Much of that is inlining: each hot function is
 * compiled with its callees copied in, and compiled again, callees and all, whenever text takes
 * a path it had not seen. Capping what one function may inline (V8's default is 920 bytes of
 * bytecode) cuts the instructions of `hindi-news recognize -` over that corpus by 9% and leaves
 * the steady-state pass as fast (bench/instructions.sh, bench/ab.mjs); small helpers are still
 * inlined. Loop peeling (a copy of each loop's first iteration, so checks hoist out of the loop)
 * is off: it makes every graph with a loop larger to compile, and the recogniser's loops are short
 * (the words of a name, the tokens of a date): `recognize -` over the corpus executes 4% fewer
 * instructions without it (valgrind, compilation made synchronous so counts repeat to 0.1%),
 * a pass in a steady state about 1.5% more. Tried and not kept: Maglev (Node 20's is
 * experimental: more instructions beside TurboFan, three times as many instead of it), no escape
 * analysis (+1.5%, and +6% in a steady state with loop peeling off too), the mid-tier register
 * allocator (+1%), no load elimination (+2%), half the interrupt budget (+12%) or four times it
 * (-0.7%); and, within the 3% by which counts vary when compilation runs concurrently, eager
 * feedback vectors, eager baseline code, a cap on the size of optimised functions, a larger young
 * generation and single-threaded GC.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
setFlagsFromString('--no-turbo-loop-peeling');
