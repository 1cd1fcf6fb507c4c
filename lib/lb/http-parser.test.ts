import { describe, expect, it } from 'vitest';
import { parserApiProblems } from './http-parser';

// The proxy drives Node's private llhttp binding (`_http_common`). Node may change it in any
// release; this test is the loud failure when it does, before the proxy meets real traffic.
describe("Node's private HTTP parser API", () => {
  it('has every slot, method and constant the proxy uses', () => {
    expect(parserApiProblems()).toEqual([]);
  });
});
