/** Staff of the approval tests: two approvers (so a second approval has someone to come
 * from) and a supervisor (who alone may override a risk hold). */
export const APPROVERS = `
staff:
  members:
    - { id: ana, name: Ana, roles: [approver] }
    - { id: dee, name: Dee, roles: [approver] }
    - { id: bo, name: Bo, roles: [supervisor] }
`;
