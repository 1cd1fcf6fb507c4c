'use client';
// Swagger UI over /api/openapi.json. Loaded in the browser only (it is large and reads `window`);
// its "Try it out" requests go with this session's cookie and, for changes, its CSRF token.
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import dynamic from 'next/dynamic';
import 'swagger-ui-react/swagger-ui.css';
import { csrfToken } from '@/lib/client/fetcher';

const SwaggerUI = dynamic(() => import('swagger-ui-react'), {
  ssr: false,
  loading: () => <Skeleton variant="rounded" height={480} />,
});

// Swagger UI's request objects are untyped records; only these two fields are read or written.
function withCsrf<R extends { method?: unknown; headers?: unknown }>(req: R): R {
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : 'GET';
  if (method !== 'GET' && req.headers && typeof req.headers === 'object') {
    (req.headers as Record<string, string>)['x-csrf-token'] = csrfToken();
  }
  return req;
}

export function ApiReference() {
  return (
    // Swagger UI draws on a light background whatever the console's theme.
    <Box data-testid="api-reference" sx={{ bgcolor: '#fff', color: '#3b4151', borderRadius: 1, p: 1 }}>
      <SwaggerUI url="/api/openapi.json" docExpansion="none" deepLinking requestInterceptor={withCsrf} />
    </Box>
  );
}
