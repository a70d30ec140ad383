// What phase 1 says about text that is not JSON: position, what it expected, and a hint.
import t from 'tap';
import { parseError } from './helpers.js';

const CASES: ReadonlyArray<readonly [string, RegExp]> = [
  ['', /the body is empty/],
  ['   ', /the body is empty/],
  ['\u0000\u0001\u0002binary', /the body does not start with a JSON value \(its first bytes are 0x00 0x01 0x02.*hint: binary data is not JSON; a safetensors body needs Content-Type: application\/vnd.safetensors/],
  ['<html>', /does not start with a JSON value.*hint: this looks like XML or HTML/],
  ['loss=mse&x=1', /does not start with a JSON value.*hint: keys and strings are written in double quotes/],
  ['{"a":1,}', /byte 7 .*expected a key in double quotes, found '}'; hint: JSON allows no comma after the last element or member/],
  ['[1,2,]', /expected a value, found '\]'; hint: JSON allows no comma/],
  ['[[1],]', /expected a value, found '\]'; hint: JSON allows no comma/],
  ['["a",]', /expected a value, found '\]'; hint: JSON allows no comma/],
  ["{'a':1}", /hint: JSON strings and keys are written in double quotes/],
  ['{a:1}', /expected a key in double quotes, found 'a'; hint: keys and strings are written in double quotes/],
  ['{"a":True}', /hint: JSON's literals are true, false and null \(not Python's True, False, None\)/],
  ['{"a":None}', /not Python's True, False, None/],
  ['[nan]', /hint: write NaN, Infinity, -Infinity/],
  ['[1, -inf]', /expected a digit or Infinity after '-', found 'i'; hint: write NaN, Infinity, -Infinity/],
  ['{"a":1 // note\n}', /hint: JSON has no comments/],
  ['[01]', /found '1'; hint: JSON numbers have no leading zeros/],
  ['[-01]', /hint: JSON numbers have no leading zeros/],
  ['[1.]', /expected a digit after '.'.*hint: JSON numbers need digits after '.'/],
  ['[.5]', /hint: JSON numbers need a digit before '.'/],
  ['[+1]', /hint: JSON numbers have no '\+' sign/],
  ['[1e]', /expected a digit in the exponent/],
  ['[1e+]', /expected a digit in the exponent/],
  ['{"a":[1,2', /found the end of the body; hint: the body ends too early: is it truncated\?/],
  ['{"a":"abc', /expected the closing '"' of the string, found the end of the body/],
  ['{"a" 1}', /expected ':' after the key, found '1'/],
  ['{"a":1 "b":2}', /expected ',' or '}' after an object member, found '"'/],
  ['{"a":1} {}', /expected the end of the body after the JSON value, found '\{'; hint: a body holds exactly one JSON value/],
  ['[1 2]', /expected ',' or '\]' after an array element, found '2'/],
  ['[1,,2]', /expected a value, found ','/],
  ['["a" "b"]', /expected ',' or '\]' after an array element/],
  ['[[1] [2]]', /expected ',' or '\]' after an array element/],
  ['[tru]', /expected a value, found 't'/],
  ['{"a":undefined}', /hint: JSON has no undefined/],
];

t.test('each kind of mistake gets its own message', async (t) => {
  for (const [text, message] of CASES) {
    const error = parseError(text);
    t.equal(error.kind, 'syntax', text);
    t.match(error.message, message, text);
  }
});

