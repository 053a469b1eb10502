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
public sealed record SessionRecord(string Id, string PatientId, string TherapistId, DateTimeOffset ScheduledFor);

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
            SELECT s.id, s.patient_id, s.therapist_id, s.scheduled_for, a.therapist_id
            FROM sessions s LEFT JOIN assignments a ON a.patient_id = s.patient_id
            WHERE s.id = $1
            """);
        AccountStore.Add(command, sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SessionOwnership(ReadSession(reader), reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    /// <summary>
    /// Books a session: the row and the grain's schedule together. The row commits only after the grain accepted, so the
    /// index never names a session its grain does not know.
    /// </summary>
    public async Task<SessionRecord> ScheduleAsync(string patientId, string therapistId, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        var session = new SessionRecord(Ids.New(), patientId, therapistId, scheduledFor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("INSERT INTO sessions (id, patient_id, therapist_id, scheduled_for) VALUES ($1, $2, $3, $4)", connection, transaction))
        {
            AccountStore.Add(command, session.Id, patientId, therapistId, scheduledFor);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await grains.GetGrain<ITherapySessionGrain>(session.Id).Schedule(patientId, therapistId, scheduledFor);
        await transaction.CommitAsync(cancellationToken);
        return session;
    }

    /// <summary>
    /// Sessions booked in [<paramref name="from"/>, <paramref name="to"/>) that <paramref name="user"/> may see, in booking
    /// order: a patient's own, or those of a therapist's assigned patients. Admins see none.
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
            SELECT s.id, s.patient_id, s.therapist_id, s.scheduled_for, p.display_name
            FROM sessions s
            JOIN accounts p ON p.id = s.patient_id
            LEFT JOIN assignments a ON a.patient_id = s.patient_id
            WHERE {visibility} AND s.scheduled_for >= $2 AND s.scheduled_for < $3 AND ($4::text IS NULL OR s.patient_id = $4)
            ORDER BY s.scheduled_for, s.id LIMIT $5
            """);
        AccountStore.Add(command, user.Id, from, to, (object?)patientId ?? DBNull.Value, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<SessionListItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new SessionListItem(ReadSession(reader), reader.GetString(4)));
        }

        return items;
    }

    private static SessionRecord ReadSession(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
}
