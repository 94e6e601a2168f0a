import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { RegisterForm } from '@/features/auth/components/RegisterForm';

export default function RegisterPage() {
  const navigate = useNavigate();
  return (
    <div className="page page--auth">
      <RegisterForm onRegistered={(user) => navigate(paths.login, { state: { registered: user.username } })} />
    </div>
  );
}
