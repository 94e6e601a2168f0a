import { ForgotPasswordForm } from '@/features/auth/components/ForgotPasswordForm';

export default function ForgotPasswordPage() {
  return (
    <div className="page page--auth">
      <ForgotPasswordForm />
    </div>
  );
}
