import { PageHeader } from '@/components/common/page-header';
import { ApiReference } from '@/components/docs/api-reference';

export default function ApiReferencePage() {
  return (
    <>
      <PageHeader
        title="API reference"
        subtitle="Every route, generated from the schemas it validates with (GET /api/openapi.json). Try-it-out calls run as you."
      />
      <ApiReference />
    </>
  );
}
