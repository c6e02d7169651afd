import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

export function Forbidden({ what }: { what?: string }) {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403 无权访问"
      subTitle={`抱歉，您的角色无权访问${what ?? '此页面'}。如需开通，请联系安全管理员分配角色。`}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}

export function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404 页面不存在"
      subTitle="您访问的页面不存在，请检查地址是否正确。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}
