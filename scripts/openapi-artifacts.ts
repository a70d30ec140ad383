/**
 * The two generated files, as text: the OpenAPI document the app serves, and the client types
 * openapi-typescript generates from it. `npm run openapi` writes them; test/openapi.test.ts fails
 * when the committed copies differ from what these functions produce.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/server/app.js';
import { defaultConfig } from '../src/server/config.js';

export const REGENERATE_COMMAND = 'npm run openapi';
export const DOCUMENT_FILE = new URL('../openapi/openapi.json', import.meta.url);
export const CLIENT_TYPES_FILE = new URL('../clients/ts/lossd-api.d.ts', import.meta.url);

export async function generateDocument(): Promise<string> {
  const app = await buildApp({ config: defaultConfig({ POOL_SIZE: 1 }) });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

export async function generateClientTypes(document: string): Promise<string> {
  // A default (ignore_index: -100) makes an option optional to send, not required.
  const ast = await openapiTS(JSON.parse(document), { defaultNonNullable: false });
  return `// Generated from openapi/openapi.json by \`${REGENERATE_COMMAND}\` (openapi-typescript); do not edit.\n\n${astToString(ast)}`;
}
