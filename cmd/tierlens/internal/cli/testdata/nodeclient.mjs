// The "any DuckDB client" check (issue 10): the Node.js client @duckdb/node-api, at the DuckDB
// version tierlens links, opens a warehouse read-only and runs what `tierlens metrics show`
// prints: PREPARE with the metric's SQL, then its EXECUTE line. Prints the rows as JSON.
//   node nodeclient.mjs WAREHOUSE SQL_FILE EXECUTE_STATEMENT
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [db, sqlFile, execute] = process.argv.slice(2);
const sql = readFileSync(sqlFile, 'utf8').trim().replace(/;\s*$/, '');
const name = execute.match(/^EXECUTE\s+(\w+)\(/)[1];
const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
const conn = await instance.connect();
await conn.run("SET TimeZone = 'UTC'");
await conn.run(`PREPARE ${name} AS ${sql}`);
const reader = await conn.runAndReadAll(execute);
console.log(JSON.stringify({ version: (await (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson())[0].v, rows: reader.getRowObjectsJson() }));
