'use client';
// The console's frame: navigation, the global time range and refresh, theme and user menus.
import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { NotifierProvider } from '@/components/common/notifier';
import type { Role } from '@/lib/client/types';
import { NAV_ITEMS } from './nav-items';
import { ThemeToggle } from './theme-toggle';
import { TimeRangePicker } from './time-range-picker';
import { UserMenu } from './user-menu';

const WIDTH = 220;
const KEPT = ['range', 'from', 'to', 'refresh'];

export function DashboardShell({
  user,
  children,
}: {
  user: { email: string; name: string; role: Role };
  children: ReactNode;
}) {
  const pathname = usePathname();
  const params = useSearchParams();
  const [open, setOpen] = useState(false);
  // Navigation keeps the time range and refresh, so the view you share is the view you see.
  const kept = new URLSearchParams();
  for (const k of KEPT) {
    const v = params.get(k);
    if (v) kept.set(k, v);
  }
  const suffix = kept.size ? `?${kept}` : '';
  const nav = (
    <Box component="nav" aria-label="Main">
      <Toolbar />
      <List>
        {NAV_ITEMS.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <ListItemButton
              key={item.href}
              component={Link}
              href={`${item.href}${suffix}`}
              selected={active}
              aria-current={active ? 'page' : undefined}
              onClick={() => setOpen(false)}
            >
              <ListItemText primary={item.label} />
            </ListItemButton>
          );
        })}
      </List>
    </Box>
  );
  return (
    <NotifierProvider>
      <Box sx={{ display: 'flex', minHeight: '100vh' }}>
        <AppBar
          position="fixed"
          color="default"
          elevation={0}
          sx={{
            zIndex: (t) => t.zIndex.drawer + 1,
            borderBottom: 1,
            borderColor: 'divider',
            bgcolor: 'background.paper',
          }}
        >
          <Toolbar sx={{ gap: 2 }}>
            <IconButton
              edge="start"
              aria-label="Open navigation"
              onClick={() => setOpen(true)}
              sx={{ display: { md: 'none' } }}
            >
              <MenuIcon />
            </IconButton>
            <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontWeight: 700, color: 'primary.main' }}>
              Redline
            </Typography>
            <TimeRangePicker />
            <ThemeToggle />
            <UserMenu user={user} />
          </Toolbar>
        </AppBar>
        <Drawer
          variant="temporary"
          open={open}
          onClose={() => setOpen(false)}
          sx={{ display: { md: 'none' }, '& .MuiDrawer-paper': { width: WIDTH } }}
        >
          {nav}
        </Drawer>
        <Drawer
          variant="permanent"
          sx={{
            display: { xs: 'none', md: 'block' },
            width: WIDTH,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: WIDTH, boxSizing: 'border-box' },
          }}
        >
          {nav}
        </Drawer>
        <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
          <Toolbar />
          {children}
        </Box>
      </Box>
    </NotifierProvider>
  );
}
