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
 * inlined.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
