// Regenerates openapi/openapi.json and the client types generated from it (run after changing a
// route or schema, or adding a loss).
import { writeFile } from 'node:fs/promises';
import { CLIENT_TYPES_FILE, DOCUMENT_FILE, generateClientTypes, generateDocument } from './openapi-artifacts.js';

const document = await generateDocument();
await writeFile(DOCUMENT_FILE, document);
await writeFile(CLIENT_TYPES_FILE, await generateClientTypes(document));
console.log(`wrote ${DOCUMENT_FILE.pathname} and ${CLIENT_TYPES_FILE.pathname}`);
