using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Dialects;

/// <summary>
/// A reader over a prepared statement's results that answers column names, and the types of NULL columns, from what
/// the statement learned on earlier runs (<see cref="SqliteStatement"/>); everything else is the SQLite reader's own.
/// Only the first result set is answered from the statement: a later one may have other columns.
/// </summary>
internal sealed class PreparedSqliteDataReader(SqliteDataReader inner, SqliteStatement statement) : DbDataReader
{
    private SqliteStatement? _statement = statement;

    // Whether a row is current: only then can a column be asked whether it is NULL.
    private bool _onRow;

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override object this[int ordinal] => inner[ordinal];

    public override object this[string name] => inner[name];

    public override string GetName(int ordinal) => _statement is { } known ? known.ColumnName(inner, ordinal) : inner.GetName(ordinal);

    public override Type GetFieldType(int ordinal) =>
        _statement is { } known && _onRow ? known.ColumnType(inner, ordinal) : inner.GetFieldType(ordinal);

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override bool Read() => _onRow = inner.Read();

    public override bool NextResult()
    {
        _statement = null;
        _onRow = false;
        return inner.NextResult();
    }

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override object GetValue(int ordinal) => inner.GetValue(ordinal);

    public override int GetValues(object[] values) => inner.GetValues(values);

    public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetString(int ordinal) => inner.GetString(ordinal);

    public override Stream GetStream(int ordinal) => inner.GetStream(ordinal);

    public override TextReader GetTextReader(int ordinal) => inner.GetTextReader(ordinal);

    public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();

    [SuppressMessage("Design", "CA1065", Justification = "Delegates to the SQLite reader.")]
    public override System.Data.DataTable? GetSchemaTable() => inner.GetSchemaTable();

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
