'use client';
// Swagger UI over /api/openapi.json, from its prebuilt bundle (the React package's OpenAPI 3.1
// parser breaks under Turbopack: swagger-ui#10599). Loaded in the browser only; its "Try it out"
// requests go with this session's cookie and, for changes, its CSRF token.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { useEffect, useRef, useState } from 'react';
import 'swagger-ui-dist/swagger-ui.css';
import { csrfToken } from '@/lib/client/fetcher';

export function ApiReference() {
  const node = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let cancelled = false;
    import('swagger-ui-dist/swagger-ui-es-bundle.js')
      .then(({ default: SwaggerUIBundle }) => {
        if (cancelled || !node.current) return;
        SwaggerUIBundle({
          domNode: node.current,
          url: '/api/openapi.json',
          deepLinking: true,
          docExpansion: 'none',
          requestInterceptor: (req) => {
            if ((req.method ?? 'GET').toUpperCase() !== 'GET')
              req.headers = { ...req.headers, 'x-csrf-token': csrfToken() };
            return req;
          },
        });
        setState('ready');
      })
      .catch(() => setState('failed'));
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <>
      {state === 'loading' && <Skeleton variant="rounded" height={480} />}
      {state === 'failed' && (
        <Alert severity="error">The viewer did not load; the reference itself is at /api/openapi.json.</Alert>
      )}
      {/* Swagger UI draws on a light background whatever the console's theme. */}
      <Box
        ref={node}
        data-testid="api-reference"
        sx={{ bgcolor: '#fff', color: '#3b4151', borderRadius: 1, p: 1, display: state === 'ready' ? 'block' : 'none' }}
      />
    </>
  );
}
