// One table of the SPA's paths (SPEC 6); links and redirects use these.
export const paths = {
  home: '/',
  login: '/login',
  register: '/register',
  create: '/create',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  settings: '/settings',
  dashboard: '/dashboard',
  ticket: (id: number | string) => `/tickets/${id}`,
  edit: (id: number | string) => `/edit/${id}`,
  rate: (token: string) => `/rate/${token}`,
} as const;
