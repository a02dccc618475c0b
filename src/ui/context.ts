import { createContext, useContext } from 'react';
import type { AppServices } from '../shell/services.js';
import type { Theme } from '../shell/theme.js';

export const ServicesContext = createContext<AppServices | null>(null);
export const ThemeContext = createContext<Theme | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices: no <App> above');
  return services;
}

export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  if (!theme) throw new Error('useTheme: no <App> above');
  return theme;
}

/** Theme colours are null for "the terminal's own"; Ink wants undefined for that. */
export function color(value: string | null): string | undefined {
  return value ?? undefined;
}
