// Entry point: the sign-in page and the search are in this chunk; every other page loads on
// demand (build/build.ts measures what this chunk and its imports weigh).
import '@mantine/core/styles.css';
import './styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import { App } from './App.tsx';
import { SessionProvider } from './session.tsx';

// Shade 8 of the primary colour: Mantine's default shade 6 is 3.6:1 on white, below WCAG AA.
const theme = createTheme({ primaryColor: 'blue', primaryShade: { light: 8, dark: 8 }, defaultRadius: 'sm' });
// Mantine's "dimmed" and placeholder grey are 3.3:1 on white; gray.7 is 8.6:1 (WCAG 2.2 AA 1.4.3).
const contrast = () => ({
  variables: {}, dark: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-placeholder': 'var(--mantine-color-gray-7)' },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrast}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
