import { Flex, Spin } from 'antd';

export function PageLoading({ full = false }: { full?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: full ? '100vh' : 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
