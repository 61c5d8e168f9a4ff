import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createUsersApi, type UsersApi } from './api.js';
import { userKeys } from './keys.js';

export function useUsers() {
  const api = useFeatureApi(createUsersApi);
  return useQuery({ queryKey: userKeys.users(), queryFn: ({ signal }) => api.listUsers(signal) });
}

export function useTeams() {
  const api = useFeatureApi(createUsersApi);
  return useQuery({ queryKey: userKeys.teams(), queryFn: ({ signal }) => api.listTeams(signal) });
}

/** A users/teams change; afterwards both lists are fetched again (a membership shows in each). */
export function usePeopleMutation<A, R>(run: (api: UsersApi, args: A) => Promise<R>) {
  const api = useFeatureApi(createUsersApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: A) => run(api, args),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all() }),
  });
}
