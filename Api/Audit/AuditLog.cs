using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Npgsql;

namespace EmoteCare.Api.Audit;

/// <summary>What an audit entry records; the values stored in <c>audit_log.action</c>.</summary>
public static class AuditActions
{
    /// <summary>Someone other than the patient read a session's live snapshot.</summary>
    public const string SessionSnapshotRead = "session.snapshot.read";

    /// <summary>Someone other than the patient read a session's summary.</summary>
    public const string SessionSummaryRead = "session.summary.read";

    /// <summary>A therapist started watching a session's live insights.</summary>
    public const string SessionLiveWatched = "session.live.watch";

    /// <summary>Someone other than the patient read the patient's session history.</summary>
    public const string PatientHistoryRead = "patient.history.read";

    /// <summary>Someone other than the patient read the patient's trends.</summary>
    public const string PatientTrendsRead = "patient.trends.read";

    /// <summary>A therapist read the alerts of their inbox that concern one of the patient's sessions.</summary>
    public const string AlertsRead = "therapist.alerts.read";

    /// <summary>The patient granted or withdrew consent to facial analysis for a session.</summary>
    public const string ConsentChanged = "session.consent.change";

    /// <summary>An admin lifted an account's lockout; the detail is the account's id.</summary>
    public const string AccountUnlocked = "account.unlock";

    /// <summary>An admin reset an account's password; the detail is the account's id.</summary>
    public const string AccountPasswordReset = "account.password.reset";

    /// <summary>An admin disabled an account; the detail is the account's id.</summary>
    public const string AccountDisabled = "account.disable";

    /// <summary>An admin enabled a disabled account again; the detail is the account's id.</summary>
    public const string AccountEnabled = "account.enable";

    /// <summary>An admin assigned a patient to a therapist, or automatic allocation did from the patient's intake (the patient is then the actor).</summary>
    public const string AssignmentSet = "assignment.set";

    /// <summary>An admin removed a patient's therapist.</summary>
    public const string AssignmentRemoved = "assignment.remove";

    /// <summary>The patient's therapist read the patient's intake.</summary>
    public const string IntakeRead = "patient.intake.read";

    /// <summary>An admin read a patient's entry in the allocation queue (topics, language, reason for a change).</summary>
    public const string AllocationRequestRead = "allocation.request.read";

    /// <summary>Someone other than the patient read which resources the patient was assigned and used.</summary>
    public const string PatientResourcesRead = "patient.resources.read";

    /// <summary>A therapist assigned a resource to a patient; the detail is the resource's id.</summary>
    public const string ResourceAssigned = "resource.assign";

    /// <summary>A therapist took an assigned resource back; the detail is the resource's id.</summary>
    public const string ResourceUnassigned = "resource.unassign";

    /// <summary>A therapist read a support-chat conversation the patient shared; the session id is the conversation's.</summary>
    public const string ChatRead = "chat.conversation.read";

    /// <summary>A therapist opened the live feed of their inbox (crisis alerts from the support chat with short excerpts).</summary>
    public const string AlertsWatched = "therapist.alerts.watch";

    /// <summary>The patient's country changed (it picks the helplines); the detail is the new code.</summary>
    public const string CountryChanged = "patient.country.change";
}

/// <summary>One row of <c>audit_log</c>.</summary>
/// <param name="Id">Increases with insertion; the paging cursor.</param>
/// <param name="At">When.</param>
/// <param name="ActorId">Who.</param>
/// <param name="ActorRole">Their role then.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="PatientId">Whose data; null when no patient is concerned.</param>
/// <param name="SessionId">Which session; null when none is concerned.</param>
/// <param name="Detail">A short note (a trend range, a consent decision); never insight values.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string ActorId, string ActorRole, string Action, string? PatientId, string? SessionId, string? Detail);

/// <summary>Filters over the audit trail; every filter is optional. Results are newest first.</summary>
/// <param name="PatientId">Only entries about this patient.</param>
/// <param name="ActorId">Only entries by this account.</param>
/// <param name="From">Only entries at or after.</param>
/// <param name="To">Only entries before.</param>
/// <param name="Before">Only entries with a smaller id (the previous page's cursor).</param>
/// <param name="Limit">How many at most.</param>
public sealed record AuditQuery(string? PatientId, string? ActorId, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);

/// <summary>
/// The append-only audit trail (the table's trigger refuses UPDATE, DELETE and TRUNCATE). Writers record before the data
/// leaves the server: when the entry cannot be written the request fails and nothing is disclosed.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Records an action, inside <paramref name="transaction"/> when the action's own change is in one.</summary>
    public async Task RecordAsync(AppUser actor, string action, string? patientId, string? sessionId, string? detail, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        const string Sql = "INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, session_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";
        await using var command = transaction is null ? dataSource.CreateCommand(Sql) : new NpgsqlCommand(Sql, transaction.Connection, transaction);
        AccountStore.Add(
            command,
            time.GetUtcNow(),
            actor.Id,
            RoleNames.Of(actor.Role),
            action,
            (object?)patientId ?? DBNull.Value,
            (object?)sessionId ?? DBNull.Value,
            (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a read of <paramref name="patientId"/>'s data, unless the patient is reading their own.</summary>
    public Task RecordReadAsync(AppUser reader, string action, string patientId, string? sessionId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Role == Role.Patient && reader.Id == patientId
            ? Task.CompletedTask
            : RecordAsync(reader, action, patientId, sessionId, detail, cancellationToken);
    }

    /// <summary>Entries matching the query, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, at, actor_id, actor_role, action, patient_id, session_id, detail FROM audit_log
            WHERE ($1::text IS NULL OR patient_id = $1)
              AND ($2::text IS NULL OR actor_id = $2)
              AND ($3::timestamptz IS NULL OR at >= $3)
              AND ($4::timestamptz IS NULL OR at < $4)
              AND ($5::bigint IS NULL OR id < $5)
            ORDER BY id DESC LIMIT $6
            """);
        AccountStore.Add(
            command,
            (object?)query.PatientId ?? DBNull.Value,
            (object?)query.ActorId ?? DBNull.Value,
            (object?)query.From ?? DBNull.Value,
            (object?)query.To ?? DBNull.Value,
            (object?)query.Before ?? DBNull.Value,
            query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }
}
