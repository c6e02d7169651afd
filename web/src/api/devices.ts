import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Device } from './evidence';
import type { ApiBody } from './typed';

/**
 * Registering AV devices and handing them over (谁使用、谁保管、谁负责). The list itself is
 * `useDevices` in evidence.ts (the capture page picks a device from it); both share its query key,
 * so a registration or a hand-over refreshes the capture page's picker too.
 */
export type DeviceBody = ApiBody<'/api/v1/devices', 'post'>;
export type CustodianBody = ApiBody<'/api/v1/devices/{id}/custodians', 'post'>;
export type { Device };

/** The kinds the server accepts (evidence/rules.ts deviceKinds). */
export const deviceKinds = ['执法记录仪', '照相机', '摄像机', '录音笔', '手机', '其他'] as const;

const devicesKey = ['devices'] as const;

export function useCreateDevice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeviceBody) => api.post<Device>('/devices', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function useAddCustodian() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ deviceId, body }: { deviceId: string; body: CustodianBody }) =>
      api.post<Device>(`/devices/${encodeURIComponent(deviceId)}/custodians`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: devicesKey }),
  });
}
