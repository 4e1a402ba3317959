import { activityInfo } from '@temporalio/activity';

/** The send of the minimal pipeline: the bench slot's template, Cloud flavour, to the mock. */
export function createBaselineActivities(mockUrl: string, apiKey: string) {
  return {
    async baselineSend(input: { recipient: string }): Promise<void> {
      const response = await fetch(`${mockUrl}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'D360-API-KEY': apiKey },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: `+${input.recipient}`,
          type: 'template',
          template: {
            name: 'order_shipped',
            language: { policy: 'deterministic', code: 'en' },
            components: [
              {
                type: 'header',
                parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/B-1.jpg' } }],
              },
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: 'friend' },
                  { type: 'text', text: 'B-1' },
                ],
              },
              { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'B-1' }] },
            ],
          },
          biz_opaque_callback_data: activityInfo().workflowExecution?.workflowId ?? '',
        }),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`mock answered ${response.status}`);
    },
  };
}
