import { AudioOutlined, CameraOutlined, EnvironmentOutlined, PaperClipOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/auth';
import { useCase, useProcedures } from '../../api/cases';
import { errorMessage, fieldErrors } from '../../api/client';
import { evidenceKinds, useAddEvidence, useCaseEvidence, useDevices } from '../../api/evidence';
import { PageLoading } from '../../components/PageLoading';
import { ResumableUpload } from '../../components/ResumableUpload';
import { dayjs } from '../../lib/time';

type Mode = 'photo' | 'video' | 'audio' | 'file';
const modes: Record<Mode, { label: string; accept: string; capture?: 'environment' | 'user'; title: string; icon: React.ReactNode }> = {
  photo: { label: '拍照', accept: 'image/*', capture: 'environment', title: '现场照片', icon: <CameraOutlined /> },
  video: { label: '录像', accept: 'video/*', capture: 'environment', title: '现场录像', icon: <VideoCameraOutlined /> },
  audio: { label: '录音', accept: 'audio/*', capture: 'user', title: '现场录音', icon: <AudioOutlined /> },
  file: { label: '文件', accept: '*/*', title: '', icon: <PaperClipOutlined /> },
};

interface Values {
  title: string;
  category: 'evidence' | 'av_record';
  kind: string;
  capturedAt: Dayjs;
  place: string;
  proves: string;
  collectorIds: string[];
  deviceId?: string;
  step?: string;
  partyId?: string;
}

type Position = { latitude: number; longitude: number; accuracy: number };

/**
 * 现场采集 (issue 9 §9), made for a phone at 390 px: take a photo, video or recording in the browser
 * (the file input's `capture` opens the camera or microphone), upload it resumably (tus: a lost
 * connection resumes where it stopped), and record what R-C03 asks: time from the device clock,
 * place from the device's position where the officer allows it (else typed), collectors, 证明对象,
 * device, the step of the procedure it records and the party.
 */
export default function CapturePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const view = useCase(id);
  const procedures = useProcedures();
  const evidence = useCaseEvidence(id);
  const devices = useDevices();
  const add = useAddEvidence(id);
  const { data: me } = useMe();
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<Mode>('photo');
  const [upload, setUpload] = useState<{ uploadId: string; name: string } | null>(null);
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocateError('此设备不支持定位，请手动填写地点');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setLocateError(null);
        setPosition({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy });
        if (!form.getFieldValue('place'))
          form.setFieldValue('place', `定位：北纬 ${p.coords.latitude.toFixed(5)}，东经 ${p.coords.longitude.toFixed(5)}`);
      },
      () => {
        setLocating(false);
        setLocateError('未获得定位（未授权或信号弱），请手动填写地点');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  // ask once on opening: the browser asks the officer, who may refuse (then the place is typed)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => locate(), []);

  const procedure = procedures.data?.items.find((p) => p.code === view.data?.procedure.code);
  const pending = useMemo(() => (evidence.data?.avRequirements ?? []).filter((r) => !r.recorded), [evidence.data]);
  const stepOptions = useMemo(() => {
    const seen = new Set<string>();
    return (procedure?.actions ?? [])
      .filter((a) => !seen.has(a.name) && seen.add(a.name))
      .map((a) => ({
        value: a.name,
        label: pending.some((r) => r.action === a.name) ? `${a.label}（须全过程音像记录）` : a.label,
      }));
  }, [procedure, pending]);

  // the defaults that depend on lists still loading when the form was made: the officer's own device, the first step still unrecorded
  const ownDevice = devices.data?.items.find((d) => d.agencyId === view.data?.agency.id && d.custodian?.name === me?.displayName);
  useEffect(() => {
    if (ownDevice && !form.getFieldValue('deviceId')) form.setFieldValue('deviceId', ownDevice.id);
  }, [ownDevice, form]);
  const firstPending = pending[0]?.action;
  useEffect(() => {
    if (firstPending && !form.getFieldValue('step')) form.setFieldValue('step', firstPending);
  }, [firstPending, form]);

  // single flight: a second tap before the first answer would claim the same upload again (refused
  // by the server, 409), so it is not sent at all
  const sending = useRef(false);
  if (view.isPending) return <PageLoading />;
  if (view.isError || !view.data)
    return (
      <Card title="现场采集">
        <Alert type="error" showIcon title={errorMessage(view.error)} />
      </Card>
    );
  const c = view.data;
  const initial: Partial<Values> = {
    title: modes.photo.title,
    category: 'av_record',
    kind: '视听资料',
    capturedAt: dayjs(),
    collectorIds: c.officers.map((o) => o.officerId),
    step: pending[0]?.action,
    partyId: c.parties.length === 1 ? c.parties[0]?.id : undefined,
    deviceId: ownDevice?.id,
  };

  const pick = (m: Mode) => {
    setMode(m);
    setUpload(null);
    if (modes[m].title) form.setFieldValue('title', modes[m].title);
    form.setFieldValue('capturedAt', dayjs());
  };

  const submit = async (v: Values) => {
    if (!upload) {
      message.warning('请先拍摄或选择文件，等待上传完成');
      return;
    }
    if (sending.current) return;
    sending.current = true;
    try {
      await add.mutateAsync({
        uploadId: upload.uploadId,
        category: v.category,
        kind: v.kind as (typeof evidenceKinds)[number],
        title: v.title.trim(),
        capturedAt: v.capturedAt.toISOString(),
        place: v.place.trim(),
        latitude: position?.latitude ?? null,
        longitude: position?.longitude ?? null,
        collectorIds: v.collectorIds,
        proves: v.proves.trim(),
        deviceId: v.deviceId ?? null,
        step: v.step ?? null,
        partyId: v.partyId ?? null,
      });
      message.success('已保存，文件哈希已记入全过程记录');
      navigate(`/cases/${id}`);
    } catch (error) {
      // the file's own problem (not a photo, recording or video) is shown beside the name
      const fields = fieldErrors(error).map((f) => (f.name === 'uploadId' ? { ...f, name: 'title' } : f));
      if (fields.length) form.setFields(fields as never);
      message.error(errorMessage(error));
    } finally {
      sending.current = false;
    }
  };

  return (
    <Card
      title="现场采集"
      extra={<Link to={`/cases/${id}`}>返回案件</Link>}
      styles={{ body: { padding: 12 } }}
      style={{ maxWidth: 640, margin: '0 auto' }}
      data-testid="capture-page"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {c.number ?? '未立案'} · {c.title}
      </Typography.Paragraph>
      <Segmented<Mode>
        block
        value={mode}
        onChange={pick}
        style={{ marginBottom: 12 }}
        aria-label="采集方式"
        options={(Object.keys(modes) as Mode[]).map((m) => ({
          value: m,
          // icon above the word: four choices fit a phone's width without cutting the words
          label: (
            <div style={{ padding: '4px 0', lineHeight: 1.3 }}>
              <div style={{ fontSize: 18 }}>{modes[m].icon}</div>
              <div>{modes[m].label}</div>
            </div>
          ),
        }))}
      />
      <ResumableUpload
        key={mode}
        accept={modes[mode].accept}
        capture={modes[mode].capture}
        label={mode === 'file' ? '选择文件并上传' : `${modes[mode].label}并上传`}
        onDone={(uploadId, file) => {
          setUpload({ uploadId, name: file.name });
          const modified = (file as File).lastModified;
          // a photo just taken: its time is the file's; a file chosen from the album keeps the time it was taken
          if (modified && modified <= Date.now()) form.setFieldValue('capturedAt', dayjs(modified));
        }}
      />
      {upload && <Alert type="success" showIcon style={{ margin: '8px 0' }} title={`已上传：${upload.name}`} />}
      {pending.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ margin: '8px 0' }}
          title="本案须全过程音像记录的环节"
          description={pending.map((r) => `${r.actionLabel}（${r.code}「${r.step}」）`).join('；')}
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} style={{ marginTop: 12 }} requiredMark>
        <Form.Item name="title" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="category" label="类别" style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'av_record', label: '音像记录' },
                { value: 'evidence', label: '证据' },
              ]}
            />
          </Form.Item>
          <Form.Item name="kind" label="证据种类" style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select options={evidenceKinds.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="capturedAt" label="采集时间" rules={[{ required: true, message: '请填写采集时间' }]} extra="取自本设备时钟">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item
          name="place"
          label="采集地点"
          rules={[{ required: true, whitespace: true, message: '请填写采集地点' }]}
          extra={
            position
              ? `已定位：北纬 ${position.latitude.toFixed(5)}，东经 ${position.longitude.toFixed(5)}（精度约 ${Math.round(position.accuracy)} 米）`
              : (locateError ?? (locating ? '正在获取定位…' : undefined))
          }
        >
          <Input
            maxLength={500}
            placeholder="如 示范区示范路1号仓库东侧"
            suffix={
              <Button type="text" size="small" icon={<EnvironmentOutlined />} loading={locating} onClick={locate} aria-label="获取定位" />
            }
          />
        </Form.Item>
        <Form.Item name="proves" label="证明对象" rules={[{ required: true, whitespace: true, message: '请填写证明对象' }]}>
          <Input.TextArea rows={2} maxLength={2000} placeholder="如 当事人仓库存放涉案产品20台" />
        </Form.Item>
        <Form.Item name="collectorIds" label="采集人" rules={[{ required: true, message: '请选择采集人' }]}>
          <Select mode="multiple" options={c.officers.map((o) => ({ value: o.officerId, label: o.name }))} />
        </Form.Item>
        <Form.Item name="deviceId" label="采集设备">
          <Select
            allowClear
            placeholder="本机关登记的设备（可不选）"
            loading={devices.isPending}
            options={(devices.data?.items ?? [])
              .filter((d) => d.agencyId === c.agency.id)
              .map((d) => ({ value: d.id, label: `${d.name}（${d.serialNumber}）${d.custodian ? ` · 保管人 ${d.custodian.name}` : ''}` }))}
          />
        </Form.Item>
        <Form.Item name="step" label="所属环节">
          <Select allowClear placeholder="本记录所属的办理环节（可不选）" options={stepOptions} />
        </Form.Item>
        <Form.Item name="partyId" label="当事人">
          <Select allowClear options={c.parties.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={add.isPending} disabled={!upload}>
          {upload ? '保存到案件' : '等待上传完成'}
        </Button>
      </Form>
    </Card>
  );
}
