import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { Suspense, useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { meKey } from '../api/auth';
import { onSessionEvent } from '../api/client';
import { PageLoading } from './PageLoading';

/** Top of the route tree: turns the API client's session events into redirects. */
export function Root() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  useEffect(() => {
    onSessionEvent((event, error) => {
      if (event === 'expired') {
        queryClient.setQueryData(meKey, null);
        message.warning({ content: '会话已过期，请重新登录', key: 'session-expired' });
        if (location.pathname !== '/login') {
          navigate('/login', { replace: true, state: { from: location.pathname + location.search } });
        }
      } else if (event === 'password-change-required') {
        message.info({ content: error.message, key: 'session-event' });
        void queryClient.invalidateQueries({ queryKey: meKey });
        navigate('/password', { replace: true });
      } else {
        message.info({ content: error.message, key: 'session-event' });
        void queryClient.invalidateQueries({ queryKey: meKey });
        navigate('/profile/security', { replace: true });
      }
    });
    return () => onSessionEvent(null);
  }, [navigate, location, queryClient, message]);

  return (
    <Suspense fallback={<PageLoading full />}>
      <Outlet />
    </Suspense>
  );
}
