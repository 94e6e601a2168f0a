import { Dashboard } from '@/features/reports/components/Dashboard';

export default function DashboardPage() {
  return <Dashboard />;
}
