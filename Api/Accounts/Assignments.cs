using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Npgsql;
using Orleans;

namespace EmoteCare.Api.Accounts;

/// <summary>A patient's therapist.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="TherapistId">Their therapist.</param>
/// <param name="AssignedBy">The admin who made the assignment.</param>
/// <param name="AssignedAt">When.</param>
public sealed record Assignment(string PatientId, string TherapistId, string AssignedBy, DateTimeOffset AssignedAt);

/// <summary>A patient account with its therapist, as lists show it.</summary>
public sealed record PatientRow(Account Patient, string? TherapistId);

/// <summary>How an assignment request ended.</summary>
public enum AssignmentOutcome
{
    /// <summary>Done.</summary>
    Assigned,

    /// <summary>No patient account has the id.</summary>
    PatientNotFound,

    /// <summary>No therapist account has the id.</summary>
    TherapistNotFound,

    /// <summary>The therapist's caseload is at the most their practice profile allows.</summary>
    TherapistFull,

    /// <summary>The patient has a therapist, and only a patient without one was to be assigned.</summary>
    AlreadyAssigned,
}

/// <summary>
/// The <c>assignments</c> table, which authorization reads, kept in step with the grains' view
/// (<see cref="IPatientGrain.AssignTherapist"/> moves the patient between caseloads).
/// </summary>
public sealed class Assignments(NpgsqlDataSource dataSource, AccountStore accounts, IGrainFactory grains, AuditLog audit, AccessRevocations revocations, TimeProvider time)
{
    // The first key of caseload locks (ASCII "Case"); the schema's advisory lock takes one bigint key, a space of its own.
    private const int CaseloadLockClass = 0x43617365;

    /// <summary>The patient's assignment; null when they have no therapist.</summary>
    public async Task<Assignment?> FindAsync(string patientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT patient_id, therapist_id, assigned_by, assigned_at FROM assignments WHERE patient_id = $1");
        AccountStore.Add(command, patientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAssignment(reader) : null;
    }

    /// <summary>
    /// Assigns the patient to the therapist, replacing any previous therapist, unless that would take the therapist past
    /// the caseload their practice profile allows. The row is written first and holds its lock while the grains move the
    /// patient between caseloads, so concurrent reassignments reach the grains in commit order; a grain failure rolls the
    /// row back and leaves the old assignment in force. Once committed, a replaced therapist's live feeds of the patient's
    /// sessions end. With <paramref name="onlyIfUnassigned"/>, a patient who has a therapist (also one assigned by a
    /// request committed meanwhile) keeps them.
    /// </summary>
    public async Task<(AssignmentOutcome Outcome, Assignment? Assignment)> AssignAsync(
        AppUser actor, string patientId, string therapistId, CancellationToken cancellationToken, bool onlyIfUnassigned = false)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if ((await accounts.FindAsync(patientId, cancellationToken))?.Role != Role.Patient)
        {
            return (AssignmentOutcome.PatientNotFound, null);
        }

        if ((await accounts.FindAsync(therapistId, cancellationToken))?.Role != Role.Therapist)
        {
            return (AssignmentOutcome.TherapistNotFound, null);
        }

        var maxCaseload = (await grains.GetGrain<ITherapistGrain>(therapistId).GetPractice())?.MaxCaseload;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locked and read first: the therapist it replaces loses the patient's live feeds once this commits.
        string? previousTherapistId;
        await using (var command = new NpgsqlCommand("SELECT therapist_id FROM assignments WHERE patient_id = $1 FOR UPDATE", connection, transaction))
        {
            AccountStore.Add(command, patientId);
            previousTherapistId = await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (onlyIfUnassigned && previousTherapistId is not null)
        {
            return (AssignmentOutcome.AlreadyAssigned, null);
        }

        if (maxCaseload is { } most && previousTherapistId != therapistId && await CaseloadAsync(connection, transaction, therapistId, patientId, cancellationToken) >= most)
        {
            return (AssignmentOutcome.TherapistFull, null);
        }

        Assignment assignment;
        // A row another request inserted after the read above is replaced, unless only an unassigned patient was to be
        // assigned: then the conflict updates nothing and returns no row.
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO assignments (patient_id, therapist_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (patient_id) DO UPDATE SET therapist_id = EXCLUDED.therapist_id, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at
            WHERE NOT $5
            RETURNING patient_id, therapist_id, assigned_by, assigned_at
            """,
            connection,
            transaction))
        {
            AccountStore.Add(command, patientId, therapistId, actor.Id, time.GetUtcNow(), onlyIfUnassigned);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (AssignmentOutcome.AlreadyAssigned, null);
            }

            assignment = ReadAssignment(reader);
        }

        await grains.GetGrain<IPatientGrain>(patientId).AssignTherapist(therapistId);
        await audit.RecordAsync(actor, AuditActions.AssignmentSet, patientId, null, $"therapist {therapistId}", cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        if (previousTherapistId is not null && previousTherapistId != therapistId)
        {
            await revocations.RevokeAsync(new AccessRevocation(previousTherapistId, AccessRevocationReason.Unassigned, patientId));
        }

        return (AssignmentOutcome.Assigned, assignment);
    }

    /// <summary>Removes the patient's therapist, ending their live feeds of the patient's sessions; false when they had none.</summary>
    public async Task<bool> UnassignAsync(AppUser actor, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? therapistId;
        await using (var command = new NpgsqlCommand("DELETE FROM assignments WHERE patient_id = $1 RETURNING therapist_id", connection, transaction))
        {
            AccountStore.Add(command, patientId);
            therapistId = await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (therapistId is null)
        {
            return false;
        }

        await grains.GetGrain<IPatientGrain>(patientId).UnassignTherapist();
        await audit.RecordAsync(actor, AuditActions.AssignmentRemoved, patientId, null, $"therapist {therapistId}", cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        await revocations.RevokeAsync(new AccessRevocation(therapistId, AccessRevocationReason.Unassigned, patientId));
        return true;
    }

    /// <summary>Patients ordered by id after <paramref name="after"/>: all of them, or only <paramref name="therapistId"/>'s caseload.</summary>
    public async Task<IReadOnlyList<PatientRow>> ListPatientsAsync(string? therapistId, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT a.id, a.email, a.display_name, a.role, a.password_hash, a.failed_sign_ins, a.lockout_end, a.created_at, a.credentials_stamp, a.disabled_at, s.therapist_id
            FROM accounts a LEFT JOIN assignments s ON s.patient_id = a.id
            WHERE a.role = 'patient' AND a.id > $1 AND ($2::text IS NULL OR s.therapist_id = $2)
            ORDER BY a.id LIMIT $3
            """);
        AccountStore.Add(command, after ?? "", (object?)therapistId ?? DBNull.Value, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PatientRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PatientRow(AccountStore.Read(reader), reader.IsDBNull(AccountStore.ColumnCount) ? null : reader.GetString(AccountStore.ColumnCount)));
        }

        return rows;
    }

    /// <summary>
    /// The therapist's caseload, counted under a transaction lock of theirs: assignments to one therapist queue behind each
    /// other on every node until commit, so two of them cannot both take the last place.
    /// </summary>
    private static async Task<long> CaseloadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string therapistId, string patientId, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", connection, transaction))
        {
            AccountStore.Add(command, CaseloadLockClass, therapistId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Without the patient: a request for them committed meanwhile may have given them this therapist already.
        await using (var command = new NpgsqlCommand("SELECT count(*) FROM assignments WHERE therapist_id = $1 AND patient_id <> $2", connection, transaction))
        {
            AccountStore.Add(command, therapistId, patientId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    private static Assignment ReadAssignment(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
}
