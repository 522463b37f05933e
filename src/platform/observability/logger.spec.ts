import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoNestLogger } from './logger.js';

/** A pino logger at `level` writing into an array of parsed lines. */
function capture(level: string) {
  const lines: Array<{ level: number; msg: string; context?: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level }, stream)) };
}

describe("Nest's messages through pino", () => {
  it('keeps the routing lines out of an info log, and other framework messages in it', () => {
    const { lines, logger } = capture('info');
    logger.log('MembershipCommandsController {/membership}:', 'RoutesResolver');
    logger.log('Mapped {/membership/applications, POST} route', 'RouterExplorer');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines.map((line) => line.msg)).toEqual(['Nest application successfully started']);
    expect(lines[0]).toMatchObject({ level: 30, context: 'NestApplication' });
  });

  it('writes the routing lines at debug level', () => {
    const { lines, logger } = capture('debug');
    logger.log('Mapped {/membership/applications, POST} route', 'RouterExplorer');
    logger.log('MembershipCommandsController {/membership}:', 'RoutesResolver');
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, context: 'RouterExplorer', msg: 'Mapped {/membership/applications, POST} route' }),
      expect.objectContaining({ level: 20, context: 'RoutesResolver' }),
    ]);
  });
});
