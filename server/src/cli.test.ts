import { describe, expect, it } from 'vitest';
import { globalHelp, runCommandLine } from './cli';

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommandLine(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, async () => {
    throw new Error('no store needed');
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('sanxiang command line', () => {
  it('keeps the overview narrow: a usage line, then its summary (it padded every line to 110+ columns)', () => {
    for (const line of globalHelp().split('\n')) {
      // a CJK character takes two columns
      const columns = [...line].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
      expect(columns, line).toBeLessThanOrEqual(90);
    }
    expect(globalHelp()).toContain('  sanxiang journal verify');
  });

  it('names the subcommands of a group given alone, exit 2', async () => {
    const r = await run(['journal']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"sanxiang journal" 需要子命令');
    expect(r.err).toContain('sanxiang journal verify');
    expect(r.err).toContain('sanxiang journal checkpoint');
    expect(r.err).not.toContain('calendar');
  });

  it('still calls an unknown word an unknown command, exit 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知命令：frobnicate');
  });
});
