'use client';
// Light and dark schemes as CSS variables: no flash on load, system preference by default,
// and MUI persists the user's choice (localStorage "mui-mode").
import { createTheme } from '@mui/material/styles';

export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: { palette: { primary: { main: '#c62828' }, background: { default: '#f6f7f9' } } },
    dark: { palette: { primary: { main: '#ef5350' }, background: { default: '#0f1115', paper: '#171a21' } } },
  },
  shape: { borderRadius: 8 },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
});
