use super::normalize;
use crate::error::ErrorCode;

/// The one-time code a wallet (Daviplata, Orange Money) sent the payer: six digits, in
/// any of the digit sets [`normalize`] reads, spaces around or between them ignored.
///
/// `Required` when empty, `InvalidFormat` otherwise unless exactly six digits.
pub fn otp(input: &str) -> Result<String, ErrorCode> {
    let code: String = normalize(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn six_digits_in_any_digit_set_pass_as_ascii() {
        assert_eq!(otp(" 123456 ").as_deref(), Ok("123456"));
        assert_eq!(otp("123 456").as_deref(), Ok("123456"));
        assert_eq!(otp("١٢٣٤٥٦").as_deref(), Ok("123456"));
        assert_eq!(otp("۱۲۳۴۵۶").as_deref(), Ok("123456"));
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(otp(""), Err(Required));
        assert_eq!(otp("   "), Err(Required));
        for input in ["12345", "1234567", "12ab56", "12-456", "１２３４５６"] {
            assert_eq!(otp(input), Err(InvalidFormat), "{input}");
        }
    }
}
