import { UsageError, type CommandDecl, type OptionDecl, type OptionValues, type ParsedArgs } from './command.js';

/** Options every command takes. */
export const COMMON_OPTIONS: readonly OptionDecl[] = [
  { name: 'json', type: 'boolean', description: 'Print the result as JSON' },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show help for this command' },
];

const GO_BOOLEANS: Record<string, boolean> = Object.fromEntries([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((v) => [v, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((v) => [v, false]),
]);

function findOption(cmd: CommandDecl, name: string, short: boolean): OptionDecl | undefined {
  const all = [...cmd.options, ...COMMON_OPTIONS];
  return all.find((o) => (short ? o.short === name : o.name === name));
}

function setOption(values: OptionValues, opt: OptionDecl, value: string | boolean, cmd: CommandDecl): void {
  if (opt.choices && typeof value === 'string' && !opt.choices.includes(value)) {
    throw new UsageError(`--${opt.name} must be one of ${opt.choices.join(', ')} (got "${value}")`, cmd);
  }
  if (opt.repeat) {
    const prev = (values[opt.name] as string[] | undefined) ?? [];
    values[opt.name] = [...prev, String(value)];
  } else {
    values[opt.name] = value;
  }
}

/** Parses words after the command name against its declaration; throws UsageError. */
/** `shownAs`: the command as typed, for docker's words (`image inspect` for inspect). */
export function parseArgs(cmd: CommandDecl, words: readonly string[], shownAs = cmd.name): ParsedArgs {
  const args: string[] = [];
  const options: OptionValues = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') || (w.startsWith('-') && w.length > 1 && w !== '-')) {
      const long = w.startsWith('--');
      const body = w.slice(long ? 2 : 1);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      // Short flags may be bundled: -af
      const names = !long && eq < 0 && name.length > 1 ? [...name] : [name];
      for (const [k, n] of names.entries()) {
        const opt = findOption(cmd, n, !long);
        if (!opt) {
          if (cmd.dockerForm) throw new UsageError(long ? `unknown flag: --${n}` : `unknown shorthand flag: '${n}' in -${name.slice(k)}`, cmd, 125);
          throw new UsageError(`unknown option ${long ? '--' : '-'}${n}`, cmd);
        }
        if (opt.type === 'boolean') {
          if (eq >= 0 && cmd.dockerForm) {
            // docker's flags take Go's booleans: -H=false, --all=true
            const value = body.slice(eq + 1);
            const parsed = GO_BOOLEANS[value];
            const flag = `${opt.short ? `-${opt.short}, ` : ''}--${opt.name}`;
            if (parsed === undefined) throw new UsageError(`invalid argument "${value}" for "${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`, cmd, 125);
            setOption(options, opt, parsed, cmd);
            continue;
          }
          if (eq >= 0) throw new UsageError(`--${opt.name} takes no value`, cmd);
          setOption(options, opt, true, cmd);
        } else if (eq >= 0) {
          setOption(options, opt, body.slice(eq + 1), cmd);
        } else if (k === names.length - 1 && i + 1 < words.length) {
          setOption(options, opt, words[++i], cmd);
        } else if (cmd.dockerForm) {
          throw new UsageError(`flag needs an argument: ${long ? `--${n}` : `'${n}' in -${name.slice(k)}`}`, cmd, 125);
        } else {
          throw new UsageError(`--${opt.name} needs a value${opt.value ? ` (${opt.value})` : ''}`, cmd);
        }
      }
      continue;
    }
    args.push(w);
  }
  if (options.help) return { args, options };
  const required = cmd.args.filter((a) => a.required).length;
  const variadic = cmd.args.some((a) => a.variadic);
  const tooFew = args.length < required;
  const tooMany = !variadic && args.length > cmd.args.length;
  if (cmd.dockerForm && (tooFew || tooMany)) throw new UsageError(argumentCount(cmd, required, variadic, shownAs), cmd, 1);
  if (tooFew) throw new UsageError(`missing ${cmd.args[args.length].name}`, cmd);
  if (tooMany) throw new UsageError(`unexpected argument "${args[cmd.args.length]}"`, cmd);
  return { args, options };
}

/** cobra's words, as docker prints them: `'imgsh images' requires at most 1 argument`. */
function argumentCount(cmd: CommandDecl, required: number, variadic: boolean, shownAs: string): string {
  const n = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
  const max = cmd.args.length;
  if (max === 0) return `'imgsh ${shownAs}' accepts no arguments`;
  const rule = variadic ? `at least ${n(required)}` : required === max ? n(max) : required === 0 ? `at most ${n(max)}` : `at least ${required} and at most ${n(max)}`;
  return `'imgsh ${shownAs}' requires ${rule}`;
}

export function usageLine(cmd: CommandDecl, program = 'imgsh'): string {
  const opts = cmd.options.map((o) => {
    const flag = o.short ? `-${o.short}|--${o.name}` : `--${o.name}`;
    const v = o.type === 'string' ? ` ${o.value ?? o.name.toUpperCase()}` : '';
    return `[${flag}${v}]${o.repeat ? '...' : ''}`;
  });
  const args = cmd.args.map((a) => {
    const n = a.variadic ? `${a.name}...` : a.name;
    return a.required ? n : `[${n}]`;
  });
  return [program, cmd.name, ...opts, ...args].join(' ');
}
