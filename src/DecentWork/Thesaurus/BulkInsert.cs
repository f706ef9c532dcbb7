using System.Text;
using DecentWork.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DecentWork.Thesaurus;

/// <summary>Multi-row INSERTs on the context's connection and transaction, for the one measured hot path: a SKOS
/// import of thousands of concepts (EF's change tracker took 20 s for 5,000 concepts with their labels).
/// Table and column names come from the EF model, so both engines' migrations stay the single source of truth.</summary>
internal static class BulkInsert
{
    private const int RowsPerStatement = 200;

    public static async Task RunAsync<T>(AppDb db, IReadOnlyList<T> rows, string[] properties, Func<T, object?[]> values, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = properties.Select(p => "\"" + entity.FindProperty(p)!.GetColumnName(store) + "\"").ToArray();
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            var sql = new StringBuilder($"INSERT INTO \"{table}\" ({string.Join(", ", columns)}) VALUES ");
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                var v = values(chunk[r]);
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < v.Length; c++)
                {
                    var p = cmd.CreateParameter();
                    p.ParameterName = "@p" + n++;
                    p.Value = v[c] ?? DBNull.Value;
                    cmd.Parameters.Add(p);
                    sql.Append(c == 0 ? "" : ", ").Append(p.ParameterName);
                }
                sql.Append(')');
            }
            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
