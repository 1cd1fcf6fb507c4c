'use client';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import SettingsBrightnessIcon from '@mui/icons-material/SettingsBrightness';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useColorScheme } from '@mui/material/styles';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;

/** Cycles system → light → dark; MUI stores the choice so it survives reloads. */
export function ThemeToggle() {
  const { mode, setMode } = useColorScheme();
  const current = mode ?? 'system';
  const icon =
    current === 'dark' ? <DarkModeIcon /> : current === 'light' ? <LightModeIcon /> : <SettingsBrightnessIcon />;
  return (
    <Tooltip title={`Theme: ${current} (click for ${NEXT[current]})`}>
      <IconButton
        color="inherit"
        aria-label={`Theme: ${current}`}
        data-theme-mode={current}
        onClick={() => setMode(NEXT[current])}
      >
        {icon}
      </IconButton>
    </Tooltip>
  );
}
