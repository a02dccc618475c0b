import { UsageError } from './command.js';

export interface GlobalOptions {
  host?: string;
  context?: string;
  theme?: string;
  keepGoing: boolean;
  version: boolean;
  help: boolean;
  /** The command and its words, if one was given. */
  words: string[];
}

const WITH_VALUE: Record<string, 'host' | 'context' | 'theme'> = {
  '-H': 'host',
  '--host': 'host',
  '-c': 'context',
  '--context': 'context',
  '--theme': 'theme',
};

/** Options before the command name belong to imgsh itself; everything from the command on is the command's. */
export function parseGlobalOptions(argv: readonly string[]): GlobalOptions {
  const out: GlobalOptions = { keepGoing: false, version: false, help: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (WITH_VALUE[flag]) {
      const value = flag !== a ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      out[WITH_VALUE[flag]] = value;
    } else if (a === '--keep-going') out.keepGoing = true;
    else if (a === '-v' || a === '--version') out.version = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}: see imgsh --help`);
    else {
      out.words = argv.slice(i);
      break;
    }
  }
  return out;
}
