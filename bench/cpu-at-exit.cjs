// Preloaded (`node --require`) into the processes the command-line bench times: at exit,
// the process's CPU time (user + system, every thread) on stderr, for the bench to read.
process.on('exit', () => {
  const u = process.cpuUsage();
  require('node:fs').writeSync(2, `\nbench-cpu-ms ${((u.user + u.system) / 1000).toFixed(1)}\n`);
});
