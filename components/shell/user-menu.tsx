'use client';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { mutate } from '@/lib/client/fetcher';
import type { Role } from '@/lib/client/types';

export function UserMenu({ user }: { user: { email: string; name: string; role: Role } }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const router = useRouter();
  return (
    <>
      <Button
        color="inherit"
        startIcon={<AccountCircleIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
      >
        {user.name}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem disabled>
          <Typography variant="body2">
            {user.email} · {user.role}
          </Typography>
        </MenuItem>
        <Divider />
        <MenuItem
          onClick={async () => {
            await mutate('POST', '/api/auth/logout').catch(() => undefined);
            router.replace('/login');
            router.refresh();
          }}
        >
          Sign out
        </MenuItem>
      </Menu>
    </>
  );
}
