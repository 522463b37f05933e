import { it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { startTestApp } from './support/test-app.js';
it('dumps', async () => {
  const t = await startTestApp();
  const doc = await t.http().get('/openapi.json').expect(200);
  writeFileSync(process.env.OPENAPI_DUMP!, JSON.stringify(doc.body, null, 1));
  await t.close();
});
