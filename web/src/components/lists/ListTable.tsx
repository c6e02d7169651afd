import { Button, Flex, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useCursorList } from '../../api/lists';
import { EXPAND_WIDTH, stickyTable, tableWidth } from './cells';

export interface ListFilter {
  /** Query parameter name, e.g. `status`. */
  name: string;
  placeholder: string;
  options: { value: string; label: string }[];
  width?: number;
}

interface Props<T> {
  queryKey: readonly unknown[];
  path: string;
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  searchPlaceholder: string;
  filters?: ListFilter[];
  /** Fixed query parameters (e.g. `list=no_penalty`). */
  params?: Record<string, string | undefined>;
  toolbar?: ReactNode;
  /** What the list counts, e.g. "事项". */
  noun: string;
  testId?: string;
  expandable?: Parameters<typeof Table<T>>[0]['expandable'];
  /** Told the chosen filters (e.g. to export what is shown). */
  onFiltersChange?: (chosen: Record<string, string | undefined>) => void;
}

/** A list with a search box, filters and cursor paging (加载更多), as every list page shows it. */
export function ListTable<T extends object>({
  queryKey,
  path,
  columns,
  rowKey,
  searchPlaceholder,
  filters = [],
  params = {},
  toolbar,
  noun,
  testId,
  expandable,
  onFiltersChange,
}: Props<T>) {
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Record<string, string | undefined>>({});
  const list = useCursorList<T>(queryKey, path, { q, ...params, ...chosen });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = q !== '' || Object.values(chosen).some((v) => v !== undefined);

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Input.Search
            placeholder={searchPlaceholder}
            allowClear
            onSearch={(value) => setQ(value.trim())}
            style={{ width: 300 }}
            enterButton="搜索"
            aria-label={searchPlaceholder}
          />
          {filters.map((f) => (
            <Select
              key={f.name}
              allowClear
              placeholder={f.placeholder}
              aria-label={f.placeholder}
              style={{ width: f.width ?? 160 }}
              options={f.options}
              value={chosen[f.name]}
              onChange={(value: string | undefined) => {
                const next = { ...chosen, [f.name]: value };
                setChosen(next);
                onFiltersChange?.(next);
              }}
            />
          ))}
        </Flex>
        <Flex gap={8} wrap>
          {toolbar}
        </Flex>
      </Flex>
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<T>
        rowKey={rowKey}
        size="middle"
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: tableWidth(columns, expandable ? EXPAND_WIDTH : 0) }}
        sticky={stickyTable}
        expandable={expandable}
        locale={{ emptyText: filtered ? `没有匹配的${noun}` : `暂无${noun}` }}
        data-testid={testId}
      />
      <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">
          已显示 {rows.length} 条{noun}
        </Typography.Text>
        {list.hasNextPage && (
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            加载更多
          </Button>
        )}
      </Flex>
    </>
  );
}
