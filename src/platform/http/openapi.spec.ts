import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Controller } from '@nestjs/common';
import { z } from 'zod';
import { buildOpenApiDocument } from './openapi.js';
import { CommandRoute } from './operation.js';

@Controller('examples')
class ExampleController {
  @CommandRoute('declared', {
    summary: 'declares its codes',
    roles: ['secretary'],
    body: z.object({ on: z.string() }),
    rules: [],
    conflicts: [],
  })
  declared() {}

  @CommandRoute('refusing', {
    summary: 'may refuse',
    roles: ['secretary'],
    body: z.object({ on: z.string() }),
    rules: ['R1'],
    conflicts: ['TAKEN'],
  })
  refusing() {}

  @CommandRoute('idempotent', { summary: 'idempotent', roles: ['secretary'], idempotent: true, rules: [], conflicts: [] })
  idempotent() {}

  @CommandRoute('undeclared', { summary: 'says nothing', roles: ['secretary'], body: z.object({ on: z.string() }) })
  undeclared() {}
}

type Responses = Record<string, { description: string; 'x-rules'?: string[]; 'x-conflicts'?: string[] }>;
const responsesOf = (path: string): Responses => {
  void ExampleController;
  const document = buildOpenApiDocument() as { paths: Record<string, { post: { responses: Responses } }> };
  return document.paths[`/examples/${path}`]!.post.responses;
};

describe('the error answers of the OpenAPI document', () => {
  it('has no 409 or 422 where the operation declares that none can come', () => {
    expect(Object.keys(responsesOf('declared'))).toEqual(['201', '400', '401', '403', '503', '507']);
  });

  it('lists the declared rule and clash codes in their answers', () => {
    const responses = responsesOf('refusing');
    expect(responses['422']).toMatchObject({ 'x-rules': ['R1'], description: expect.stringContaining('(R1)') });
    expect(responses['409']).toMatchObject({ 'x-conflicts': ['TAKEN'], description: expect.stringContaining('(TAKEN)') });
  });

  it('gives every idempotent write its 409 (If-Match, concurrency) and its 422 (a reused Idempotency-Key)', () => {
    const responses = responsesOf('idempotent');
    expect(responses['422']).toMatchObject({ 'x-rules': ['IDEMPOTENCY_KEY_REUSED'] });
    expect(responses['409']!['x-conflicts']).toEqual([]);
    expect(responses['409']!.description).toContain('If-Match');
  });

  it('keeps the general 409 and 422 of a write that declares nothing', () => {
    const responses = responsesOf('undeclared');
    expect(responses['409']).toBeDefined();
    expect(responses['422']).toBeDefined();
    expect(responses['422']!['x-rules']).toBeUndefined();
  });
});
