import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidParameterError, NotFoundError } from '../../../src/base/errors.js';
import { matchRoute, route, type Handler } from '../../../src/api/router.js';

const inspectImage: Handler = () => undefined;
const inspectContainer: Handler = () => undefined;
const pushImage: Handler = () => undefined;
const ROUTES = [
  route('GET', '/images/{name:.*}/json', inspectImage),
  route('POST', '/images/{name:.*}/push', pushImage),
  route('GET', '/containers/{id}/json', inspectContainer),
];

test('{name:.*} spans slashes so image references need no encoding', () => {
  const match = matchRoute(ROUTES, 'GET', '/images/localhost:5000/team/app:1.2/json');
  assert.equal(match.handler, inspectImage);
  assert.deepEqual(match.params, { name: 'localhost:5000/team/app:1.2' });
  assert.deepEqual(matchRoute(ROUTES, 'POST', '/images/a/b/push').params, { name: 'a/b' });
});

test('{id} is one segment, percent-decoded', () => {
  assert.deepEqual(matchRoute(ROUTES, 'GET', '/containers/my%20web/json').params, { id: 'my web' });
  assert.throws(() => matchRoute(ROUTES, 'GET', '/containers/a/b/json'), NotFoundError);
});

test('template literals are matched literally, not as regex', () => {
  const routes = [route('GET', '/a.b/{x}', inspectImage)];
  assert.equal(matchRoute(routes, 'GET', '/a.b/1').handler, inspectImage);
  assert.throws(() => matchRoute(routes, 'GET', '/axb/1'), NotFoundError);
});

test('a wrong method or unknown path is page not found; a bad escape is a bad parameter', () => {
  assert.throws(() => matchRoute(ROUTES, 'DELETE', '/containers/x/json'), { message: 'page not found' });
  assert.throws(() => matchRoute(ROUTES, 'GET', '/nothing'), { message: 'page not found' });
  assert.throws(() => matchRoute(ROUTES, 'GET', '/containers/%zz/json'), InvalidParameterError);
});
