using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Npgsql;
using Orleans;

namespace EmoteCare.Api.Sessions;

/// <summary>A row of <c>sessions</c>: who a session belongs to. The live state is in its <see cref="ITherapySessionGrain"/>.</summary>
/// <param name="Id">The session id (the grain key).</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="TherapistId">The therapist who booked and runs it.</param>
/// <param name="ScheduledFor">The booked start.</param>
/// <param name="EndsAt">The booked end; null only for sessions booked before bookings went through the therapist's calendar.</param>
public sealed record SessionRecord(string Id, string PatientId, string TherapistId, DateTimeOffset ScheduledFor, DateTimeOffset? EndsAt = null);

/// <summary>A session with the patient's current therapist, which is what access to it turns on.</summary>
public sealed record SessionOwnership(SessionRecord Session, string? AssignedTherapistId);

/// <summary>A session as lists show it, with the patient's pseudonym.</summary>
public sealed record SessionListItem(SessionRecord Session, string PatientPseudonym);

/// <summary>The <c>sessions</c> table: the index that authorization and listings read.</summary>
public sealed class SessionIndex(NpgsqlDataSource dataSource, IGrainFactory grains)
{
    /// <summary>The session and its patient's current therapist; null when no such session was booked.</summary>
    public async Task<SessionOwnership?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.id, s.patient_id, s.therapist_id, s.scheduled_for, s.ends_at, a.therapist_id
            FROM sessions s LEFT JOIN assignments a ON a.patient_id = s.patient_id
            WHERE s.id = $1
            """);
        AccountStore.Add(command, sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SessionOwnership(ReadSession(reader), reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    /// <summary>
    /// Records <paramref name="session"/>, whose place a therapist's calendar has just reserved
    /// (<see cref="Scheduling.SessionBookings"/>): the row and the grain's schedule together. The row commits only after the
    /// grain accepted, so the index never names a session its grain does not know.
    /// </summary>
    internal async Task<SessionRecord> ScheduleAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (patientId, therapistId, scheduledFor) = (session.PatientId, session.TherapistId, session.ScheduledFor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("INSERT INTO sessions (id, patient_id, therapist_id, scheduled_for, ends_at) VALUES ($1, $2, $3, $4, $5)", connection, transaction))
        {
            AccountStore.Add(command, session.Id, patientId, therapistId, scheduledFor, (object?)session.EndsAt ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await grains.GetGrain<ITherapySessionGrain>(session.Id).Schedule(patientId, therapistId, scheduledFor);
        await transaction.CommitAsync(cancellationToken);
        return session;
    }

    /// <summary>Moves a scheduled session: the grain first (it refuses a session that is no longer scheduled), then the row.</summary>
    public async Task RescheduleAsync(SessionRecord session, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await grains.GetGrain<ITherapySessionGrain>(session.Id).Schedule(session.PatientId, session.TherapistId, start);
        await using var command = dataSource.CreateCommand("UPDATE sessions SET scheduled_for = $2, ends_at = $3 WHERE id = $1");
        AccountStore.Add(command, session.Id, start, end);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Calls a scheduled session off: the grain first, then the row leaves lists and feeds.</summary>
    public async Task CancelAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await grains.GetGrain<ITherapySessionGrain>(sessionId).Cancel();
        await using var command = dataSource.CreateCommand("UPDATE sessions SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL");
        AccountStore.Add(command, sessionId, at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The sessions <paramref name="accountId"/> takes part in (as patient, or as the therapist who runs them) starting in
    /// [<paramref name="from"/>, <paramref name="to"/>), cancelled ones left out, at most <paramref name="limit"/>: what a
    /// calendar feed shows.
    /// </summary>
    public async Task<IReadOnlyList<SessionRecord>> ListOwnAsync(string accountId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.id, s.patient_id, s.therapist_id, s.scheduled_for, s.ends_at
            FROM sessions s
            WHERE (s.patient_id = $1 OR s.therapist_id = $1) AND s.cancelled_at IS NULL AND s.scheduled_for >= $2 AND s.scheduled_for < $3
            ORDER BY s.scheduled_for, s.id LIMIT $4
            """);
        AccountStore.Add(command, accountId, from, to, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<SessionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadSession(reader));
        }

        return items;
    }

    /// <summary>
    /// Sessions booked in [<paramref name="from"/>, <paramref name="to"/>) that <paramref name="user"/> may see, cancelled ones
    /// left out, in booking order: a patient's own, or those of a therapist's assigned patients. Admins see none.
    /// </summary>
    public async Task<IReadOnlyList<SessionListItem>> ListVisibleAsync(AppUser user, DateTimeOffset from, DateTimeOffset to, string? patientId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var visibility = user.Role switch
        {
            Role.Patient => "s.patient_id = $1",
            Role.Therapist => "a.therapist_id = $1",
            _ => "false",
        };
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT s.id, s.patient_id, s.therapist_id, s.scheduled_for, s.ends_at, p.display_name
            FROM sessions s
            JOIN accounts p ON p.id = s.patient_id
            LEFT JOIN assignments a ON a.patient_id = s.patient_id
            WHERE {visibility} AND s.cancelled_at IS NULL AND s.scheduled_for >= $2 AND s.scheduled_for < $3 AND ($4::text IS NULL OR s.patient_id = $4)
            ORDER BY s.scheduled_for, s.id LIMIT $5
            """);
        AccountStore.Add(command, user.Id, from, to, (object?)patientId ?? DBNull.Value, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<SessionListItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new SessionListItem(ReadSession(reader), reader.GetString(5)));
        }

        return items;
    }

    private static SessionRecord ReadSession(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
}
