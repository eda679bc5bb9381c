using System.Globalization;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>Go's float semantics where they differ from .NET's, and Prometheus's element-wise operators.</summary>
internal static class Arithmetic
{
    public static bool IsComparison(BinaryOp op) => op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Gt or BinaryOp.Lt or BinaryOp.Ge or BinaryOp.Le;

    public static bool IsArithmetic(BinaryOp op) => op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod or BinaryOp.Pow;

    /// <summary>Prometheus's vectorElemBinop: the value, and for comparisons whether the element is kept.</summary>
    public static (double Value, bool Keep) Apply(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Add => (l + r, true),
        BinaryOp.Sub => (l - r, true),
        BinaryOp.Mul => (l * r, true),
        BinaryOp.Div => (l / r, true),
        BinaryOp.Mod => (l % r, true), // IEEE fmod, as Go's math.Mod.
        BinaryOp.Pow => (Math.Pow(l, r), true),
        BinaryOp.Eq => (l, l == r),
        BinaryOp.Ne => (l, l != r),
        BinaryOp.Gt => (l, l > r),
        BinaryOp.Lt => (l, l < r),
        BinaryOp.Ge => (l, l >= r),
        BinaryOp.Le => (l, l <= r),
        _ => throw new InvalidOperationException($"not an element-wise operator: {op}"),
    };

    /// <summary>Go's math.Max: +Inf wins over NaN, then NaN wins, and +0 beats -0.</summary>
    public static double GoMax(double x, double y)
    {
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y))
        {
            return double.PositiveInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? y : x;
        }
        return x > y ? x : y;
    }

    /// <summary>Go's math.Min: -Inf wins over NaN, then NaN wins, and -0 beats +0.</summary>
    public static double GoMin(double x, double y)
    {
        if (double.IsNegativeInfinity(x) || double.IsNegativeInfinity(y))
        {
            return double.NegativeInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? x : y;
        }
        return x < y ? x : y;
    }

    /// <summary>Go's strconv.ParseFloat(s, 64) for the inputs label values carry (le="0.5", "+Inf", "1e3").</summary>
    public static bool TryParseGoFloat(string s, out double value)
    {
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        var negative = s.Length > 0 && s[0] == '-';
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return body.Length == s.Length;
        }
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && body.Length > 0 && body[0] != '+' && body[0] != '-';
    }

    /// <summary>Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent.</summary>
    public static string FormatGoF(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return r;
        }
        var exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = r[..e];
        var negative = mantissa.StartsWith('-');
        if (negative)
        {
            mantissa = mantissa[1..];
        }
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var intDigits = (point < 0 ? mantissa.Length : point) + exponent;
        string result;
        if (intDigits <= 0)
        {
            result = "0." + new string('0', -intDigits) + digits;
        }
        else if (intDigits >= digits.Length)
        {
            result = digits + new string('0', intDigits - digits.Length);
        }
        else
        {
            result = digits[..intDigits] + "." + digits[intDigits..];
        }
        return negative ? "-" + result : result;
    }

    /// <summary>Go's float64-to-int64 conversion check used by topk/bottomk.</summary>
    public static long ToInt64Checked(double f)
    {
        if (!(f <= long.MaxValue && f >= long.MinValue))
        {
            throw EvalContext.Execution($"Scalar value {FormatGoV(f)} overflows int64");
        }
        return (long)f;
    }

    /// <summary>Go's %v for a float64.</summary>
    public static string FormatGoV(double f) => double.IsNaN(f) ? "NaN"
        : double.IsPositiveInfinity(f) ? "+Inf" : double.IsNegativeInfinity(f) ? "-Inf"
        : f.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);

    /// <summary>Prometheus's quantile over values sorted in place (NaN first), with linear interpolation.</summary>
    public static double Quantile(double q, double[] values, int count)
    {
        if (count == 0 || double.IsNaN(q))
        {
            return double.NaN;
        }
        if (q < 0)
        {
            return double.NegativeInfinity;
        }
        if (q > 1)
        {
            return double.PositiveInfinity;
        }
        Array.Sort(values, 0, count);
        var n = (double)count;
        var rank = q * (n - 1);
        var lowerIndex = Math.Max(0, Math.Floor(rank));
        var upperIndex = Math.Min(n - 1, lowerIndex + 1);
        var weight = rank - Math.Floor(rank);
        return values[(int)lowerIndex] * (1 - weight) + values[(int)upperIndex] * weight;
    }
}
