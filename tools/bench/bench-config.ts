/** The benchmark's control plane: a company without a practical rate limit, a Cloud channel on the mock. */
export const BENCH_WEBHOOK = '1::0123456789abcdef0123456789abcdef';

export function benchConfig(mockUrl: string): string {
  return `
companies:
  - { id: 1, rate_limit_per_second: 100000 }
channels:
  - { id: wa-bench, company: 1, kind: 360dialog-cloud, base_url: '${mockUrl}', api_key_env: BENCH_D360_KEY, register_callbacks: true }
agents:
  - id: bench-bot
    company: 1
    train: true
    slots:
      - id: bench
        name: Bench
        destination_channel: wa-bench
        webhook: ${BENCH_WEBHOOK}
        parse_request_body:
          - { context_key: order, request_key: order_id }
        destination:
          template_name: order_shipped
          namespace: b2f1c0de_1111_2222_3333_444455556666
          language_code: en
          template_parameters:
            - { type: image, value: 'https://cdn.example.com/{{ order }}.jpg' }
            - { type: body, value: friend }
            - { type: body, value: '{{ order }}' }
            - { type: button_url, value: '{{ order }}' }
`;
}
