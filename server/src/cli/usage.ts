/**
 * Usage messages shared by every `hindi-news` command, so they all read the
 * same: a usage error names the command and what was wrong, repeats the
 * command's synopsis and says where the rest is, instead of burying the one
 * line that matters above a screenful of help.
 */

/** The `usage:` lines of a command's help and their continuation lines (indented, `[…]` or `hindi-news …`). */
export function synopsis(help: string): string[] {
  const lines = help.split('\n');
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0 ? !line.startsWith('usage:') : !/^\s+(\[|hindi-news )/.test(line)) break;
    out.push(line);
  }
  return out;
}

/** What a command prints on stderr (status 2) when its arguments are wrong. */
export function usageMessage(command: string, problem: string, help: string): string {
  return `hindi-news ${command}: ${problem}\n${synopsis(help).join('\n')}\n(hindi-news ${command} --help explains every option)\n`;
}

/** `--version` among a command's arguments (before any `--`): the command line answers it whatever the command. */
export function asksForVersion(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--version');
}

/** `1 document`, `2 documents`, `1,000 records`. */
export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
