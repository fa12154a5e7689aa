import type { regions } from '../schema';

type RegionRow = typeof regions.$inferInsert;

/** Guangdong, three cities and some of their districts (GB/T 2260 codes; town codes are ours). */
export const demoRegions: RegionRow[] = [
  { code: '440000', name: '广东省', nameEn: 'Guangdong', level: 'province', parentCode: null },
  { code: '440100', name: '广州市', nameEn: 'Guangzhou', level: 'city', parentCode: '440000' },
  { code: '440103', name: '荔湾区', nameEn: 'Liwan', level: 'district', parentCode: '440100' },
  { code: '440104', name: '越秀区', nameEn: 'Yuexiu', level: 'district', parentCode: '440100' },
  { code: '440106', name: '天河区', nameEn: 'Tianhe', level: 'district', parentCode: '440100' },
  { code: '440111', name: '白云区', nameEn: 'Baiyun', level: 'district', parentCode: '440100' },
  { code: '442000', name: '中山市', nameEn: 'Zhongshan', level: 'city', parentCode: '440000' },
  { code: '442000001', name: '石岐街道', nameEn: 'Shiqi', level: 'district', parentCode: '442000' },
  { code: '442000002', name: '东区街道', nameEn: 'East District', level: 'district', parentCode: '442000' },
  { code: '442000100', name: '小榄镇', nameEn: 'Xiaolan', level: 'district', parentCode: '442000' },
  { code: '441200', name: '肇庆市', nameEn: 'Zhaoqing', level: 'city', parentCode: '440000' },
  { code: '441202', name: '端州区', nameEn: 'Duanzhou', level: 'district', parentCode: '441200' },
  { code: '441203', name: '鼎湖区', nameEn: 'Dinghu', level: 'district', parentCode: '441200' },
  { code: '441204', name: '高要区', nameEn: 'Gaoyao', level: 'district', parentCode: '441200' },
];
