import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiError } from './api/client'
import { App } from './app'
import './styles/base.css'
import './styles/shell.css'
import './styles/pages.css'
import './styles/inbox.css'
import './styles/messaging.css'
import './styles/simulator.css'
import './styles/mailshots.css'
import './styles/records.css'
import './styles/responsive.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // a refusal will not change by asking again; a network hiccup may
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500),
    },
  },
})

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  )
}
