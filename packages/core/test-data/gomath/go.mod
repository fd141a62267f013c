module schedkit/gomath

go 1.26
