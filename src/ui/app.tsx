import { useMemo, useRef } from 'react';
import type { AppServices } from '../shell/services.js';
import type { Theme } from '../shell/theme.js';
import { ServicesContext, ThemeContext, useServices } from './context.js';
import { KeyRouter } from './key-router.js';
import { Screen } from './screen.js';
import { useStore } from './use-store.js';

/** The theme named in the store; a name that fails to load keeps the last good theme. */
function ThemedScreen() {
  const services = useServices();
  const name = useStore((s) => s.theme);
  const last = useRef<Theme | null>(null);
  const theme = useMemo(() => {
    try {
      last.current = services.theme(name);
    } catch (e) {
      if (!last.current) throw e;
    }
    return last.current!;
  }, [services, name]);
  return (
    <ThemeContext.Provider value={theme}>
      <Screen />
    </ThemeContext.Provider>
  );
}

export function App({ services }: { services: AppServices }) {
  return (
    <ServicesContext.Provider value={services}>
      <KeyRouter>
        <ThemedScreen />
      </KeyRouter>
    </ServicesContext.Provider>
  );
}
