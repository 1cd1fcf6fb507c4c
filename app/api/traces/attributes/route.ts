import { route } from '@/lib/api/route';
import { attributeQuery } from '@/lib/tracing/query';
import { attributeSuggestions } from '@/lib/tracing/store';

// GET /api/traces/attributes?service=&key= – attribute keys seen (or one key's values), most common first, for the search's autocomplete
export const GET = route({ role: 'viewer', query: attributeQuery }, async ({ query }) => ({
  suggestions: await attributeSuggestions(query.service, query.key),
}));
