fn main() {
    let path = std::env::args().nth(1).unwrap();
    match nianbao::source::load_file(std::path::Path::new(&path)) {
        Ok(l) => {
            for d in l
                .diagnostics
                .iter()
                .chain(nianbao::check::check(&l.report).iter())
            {
                println!("{d}");
            }
        }
        Err(e) => {
            for d in e.diagnostics(Some(std::path::Path::new(&path))) {
                println!("{d}")
            }
        }
    }
}
